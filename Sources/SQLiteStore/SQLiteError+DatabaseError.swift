import Store

extension SQLiteError: DatabaseError {}
