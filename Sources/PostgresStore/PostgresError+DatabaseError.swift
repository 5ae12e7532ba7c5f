import Postgres
import Store

extension PostgresError: DatabaseError {}
