#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// Macros of libssl that Swift cannot call, as functions.
static inline long ctls_set_sni(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline long ctls_set_min_tls12(SSL_CTX *context) { return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION); }
// A peer that closes without close_notify ends the stream instead of failing it: answers are
// framed by their headers, never by the end of the connection, so truncation cannot pass unseen.
static inline void ctls_ignore_unexpected_eof(SSL_CTX *context) { SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF); }
