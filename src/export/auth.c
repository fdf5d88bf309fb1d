// SPDX-License-Identifier: GPL-2.0
/*
 * Basic auth (RFC 7617) against crypt(3) hashes.  A wrong user costs the
 * same hash computation as a wrong password, so the answer's timing does
 * not say which users exist.
 */
#include <crypt.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "export/tls.h"
#include "util.h"

/* A hash that matches no password, used for unknown users. */
static const char dummy_hash[] = "$2b$10$sondesondesondesondesOyOeIkOJC1g1s5Ktw2lY8oA1D7vN6vtu";

/* The hash of user in users ("name:hash\n" lines), or NULL. */
static char *find_hash(const char *users, const char *user, size_t ulen)
{
	const char *p = users;

	while (p && *p) {
		const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
		size_t linelen = nl ? (size_t)(nl - p) : strlen(p);

		if (colon && colon < p + linelen && (size_t)(colon - p) == ulen &&
		    memcmp(p, user, ulen) == 0)
			return xstrndup(colon + 1, p + linelen - colon - 1);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

bool auth_check(const char *users, const char *authorization)
{
	unsigned char decoded[512];
	const char *b64, *colon;
	char *hash, *pass;
	struct crypt_data *cd;
	size_t len;
	int n;
	bool ok;

	if (strncasecmp(authorization, "Basic ", 6) != 0)
		return false;
	b64 = authorization + 6;
	len = strlen(b64);
	if (!len || len % 4 || len / 4 * 3 >= sizeof(decoded))
		return false;
	n = EVP_DecodeBlock(decoded, (const unsigned char *)b64, (int)len);
	if (n < 0)
		return false;
	/* EVP_DecodeBlock counts the padding's zero bytes */
	while (len && b64[len - 1] == '=' && n > 0) {
		n--;
		len--;
	}
	decoded[n] = 0;
	colon = memchr(decoded, ':', n);
	if (!colon || strlen((char *)decoded) != (size_t)n)
		return false;
	hash = find_hash(users, (char *)decoded, colon - (char *)decoded);
	pass = xstrdup(colon + 1);
	cd = xcalloc(1, sizeof(*cd));
	{
		const char *h = hash ? hash : dummy_hash;
		const char *out = crypt_r(pass, h, cd);

		ok = hash && out && out[0] != '*' && strlen(out) == strlen(h) &&
		     CRYPTO_memcmp(out, h, strlen(h)) == 0;
	}
	OPENSSL_cleanse(pass, strlen(pass));
	OPENSSL_cleanse(decoded, sizeof(decoded));
	free(pass);
	free(hash);
	free(cd);
	return ok;
}
