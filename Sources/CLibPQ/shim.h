// libpq, PostgreSQL's client library (Debian: libpq-dev). pkg-config "libpq" supplies the include
// directory, /usr/include/postgresql.
#include <libpq-fe.h>
