/* SPDX-License-Identifier: MIT */
/*
 * maphash.h - R8's pg_map_hash check (retrace --verify-mapping-file-hash).
 *
 * R8 writes "# pg_map_hash: SHA-256 <hex>" in the map preamble; the hash
 * covers every line after the preamble (the leading '#' comment lines),
 * each followed by '\n'.
 */
#ifndef SYMKIT_MAPHASH_H
#define SYMKIT_MAPHASH_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 of buf[0..len) into out[32]. */
void jvm_sha256(const void *buf, size_t len, uint8_t out[32]);

/*
 * 0 when the map's pg_map_hash matches its content; -1 otherwise with a
 * message in msg.
 */
int jvm_verify_map_hash(const char *buf, size_t len, char *msg,
			size_t msglen);

#endif
