// SPDX-License-Identifier: GPL-2.0
/*
 * libssl, libcrypto and libcrypt, loaded when first used.  Only `sonde
 * serve` needs them (TLS, basic auth), and linked they were 2 MiB of
 * resident memory in every run, BEGIN { exit(); } included.  Each function
 * sonde calls is defined here and forwards to the library, opened with
 * dlopen() on the first call; when it cannot be opened the functions fail
 * as the libraries' own do (NULL, 0, -1), so TLS and auth refuse, and
 * OPENSSL_cleanse still clears.
 */
#include <crypt.h>
#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <string.h>

/* libssl.so.3 brings libcrypto.so.3: dlsym() on it finds both. */
static void *lib_symbol(const char *soname, const char *name)
{
	static void *ssl, *crypt_lib;
	static bool ssl_tried, crypt_tried;
	void **lib = strcmp(soname, "libcrypt.so.1") ? &ssl : &crypt_lib;
	bool *tried = strcmp(soname, "libcrypt.so.1") ? &ssl_tried : &crypt_tried;

	if (!*tried) {
		*tried = true;
		*lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	}
	return *lib ? dlsym(*lib, name) : NULL;
}

/* p_NAME: the library's NAME, looked up once; `ret` when it is missing. */
#define LAZY(so, name, ret)							\
	static __typeof__(name) *p_##name;					\
	if (!p_##name && !(p_##name = (__typeof__(name) *)lib_symbol(so, #name))) \
		return ret
#define SSL_LIB "libssl.so.3"

int CRYPTO_memcmp(const void *a, const void *b, size_t len)
{
	LAZY(SSL_LIB, CRYPTO_memcmp, 1);	/* unknown: never equal */
	return p_CRYPTO_memcmp(a, b, len);
}

void OPENSSL_cleanse(void *ptr, size_t len)
{
	static __typeof__(OPENSSL_cleanse) *p_OPENSSL_cleanse;

	if (!p_OPENSSL_cleanse &&
	    !(p_OPENSSL_cleanse = (__typeof__(OPENSSL_cleanse) *)lib_symbol(SSL_LIB, "OPENSSL_cleanse"))) {
		explicit_bzero(ptr, len);
		return;
	}
	p_OPENSSL_cleanse(ptr, len);
}

void ERR_clear_error(void)
{
	LAZY(SSL_LIB, ERR_clear_error, );
	p_ERR_clear_error();
}

unsigned long ERR_get_error(void)
{
	LAZY(SSL_LIB, ERR_get_error, 0);
	return p_ERR_get_error();
}

const char *ERR_reason_error_string(unsigned long e)
{
	LAZY(SSL_LIB, ERR_reason_error_string, NULL);
	return p_ERR_reason_error_string(e);
}

int EVP_DecodeBlock(unsigned char *t, const unsigned char *f, int n)
{
	LAZY(SSL_LIB, EVP_DecodeBlock, -1);
	return p_EVP_DecodeBlock(t, f, n);
}

int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n)
{
	LAZY(SSL_LIB, EVP_EncodeBlock, -1);
	return p_EVP_EncodeBlock(t, f, n);
}

const SSL_METHOD *TLS_server_method(void)
{
	LAZY(SSL_LIB, TLS_server_method, NULL);
	return p_TLS_server_method();
}

SSL_CTX *SSL_CTX_new(const SSL_METHOD *meth)
{
	LAZY(SSL_LIB, SSL_CTX_new, NULL);
	return p_SSL_CTX_new(meth);
}

void SSL_CTX_free(SSL_CTX *ctx)
{
	LAZY(SSL_LIB, SSL_CTX_free, );
	p_SSL_CTX_free(ctx);
}

long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
	LAZY(SSL_LIB, SSL_CTX_ctrl, 0);
	return p_SSL_CTX_ctrl(ctx, cmd, larg, parg);
}

int SSL_CTX_check_private_key(const SSL_CTX *ctx)
{
	LAZY(SSL_LIB, SSL_CTX_check_private_key, 0);
	return p_SSL_CTX_check_private_key(ctx);
}

int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type)
{
	LAZY(SSL_LIB, SSL_CTX_use_PrivateKey_file, 0);
	return p_SSL_CTX_use_PrivateKey_file(ctx, file, type);
}

int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file)
{
	LAZY(SSL_LIB, SSL_CTX_use_certificate_chain_file, 0);
	return p_SSL_CTX_use_certificate_chain_file(ctx, file);
}

SSL *SSL_new(SSL_CTX *ctx)
{
	LAZY(SSL_LIB, SSL_new, NULL);
	return p_SSL_new(ctx);
}

void SSL_free(SSL *ssl)
{
	LAZY(SSL_LIB, SSL_free, );
	p_SSL_free(ssl);
}

int SSL_set_fd(SSL *s, int fd)
{
	LAZY(SSL_LIB, SSL_set_fd, 0);
	return p_SSL_set_fd(s, fd);
}

void SSL_set_accept_state(SSL *s)
{
	LAZY(SSL_LIB, SSL_set_accept_state, );
	p_SSL_set_accept_state(s);
}

int SSL_read(SSL *ssl, void *buf, int num)
{
	LAZY(SSL_LIB, SSL_read, -1);
	return p_SSL_read(ssl, buf, num);
}

int SSL_write(SSL *ssl, const void *buf, int num)
{
	LAZY(SSL_LIB, SSL_write, -1);
	return p_SSL_write(ssl, buf, num);
}

int SSL_get_error(const SSL *s, int ret_code)
{
	LAZY(SSL_LIB, SSL_get_error, SSL_ERROR_SSL);
	return p_SSL_get_error(s, ret_code);
}

char *crypt_r(const char *phrase, const char *setting, struct crypt_data *restrict data)
{
	LAZY("libcrypt.so.1", crypt_r, NULL);
	return p_crypt_r(phrase, setting, data);
}
