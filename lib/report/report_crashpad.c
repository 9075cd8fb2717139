/* SPDX-License-Identifier: MIT */
/*
 * report_crashpad.c - the Crashpad info stream (report and client ids,
 * simple annotations, per-module list and simple annotations and
 * annotation objects) in the layout of Breakpad's
 * MinidumpCrashpadInfo::Print, which minidump_dump uses;
 * minidump_stackwalk never prints it, so stackwalk adds it after the
 * module list only when asked (--crashpad).
 */
#include <inttypes.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/report/report.h"
#include "lib/report/report_int.h"

int sym_report_guid(char *buf, size_t n, const uint8_t g[16])
{
	uint32_t d1 = (uint32_t)g[0] | (uint32_t)g[1] << 8 |
		      (uint32_t)g[2] << 16 | (uint32_t)g[3] << 24;

	return snprintf(buf, n, "%08x-%04x-%04x-%02x%02x-"
			"%02x%02x%02x%02x%02x%02x", d1,
			(unsigned)(g[4] | g[5] << 8),
			(unsigned)(g[6] | g[7] << 8), g[8], g[9], g[10], g[11],
			g[12], g[13], g[14], g[15]);
}

static void object_value(FILE *out, const struct md_annotation_object *o)
{
	uint32_t i;

	/* a C string (type 1) as its bytes, anything else in hex */
	for (i = 0; i < o->len; i++) {
		if (o->type != 1)
			fprintf(out, "%02X", o->value[i]);
		else if (o->value[i])
			fputc(o->value[i], out);
		else
			break;	/* printf("%s") stops at a NUL */
	}
}

static void module_info(FILE *out, const struct md_crashpad_info *ci,
			size_t k)
{
	const struct md_crashpad_module *m = &ci->modules[k];
	size_t i;

	fprintf(out, "  module_list[%zu].minidump_module_list_index = %d\n",
		k, (int)m->module_index);
	fprintf(out, "  module_list[%zu].version = %d\n", k, (int)m->version);
	for (i = 0; i < m->n_list; i++)
		fprintf(out, "  module_list[%zu].list_annotations[%zu] = %s\n",
			k, i, m->list_annotations[i]);
	for (i = 0; i < m->n_simple; i++)
		fprintf(out, "  module_list[%zu].simple_annotations[\"%s\"] = "
			"%s\n", k, m->simple[i].key, m->simple[i].value);
	for (i = 0; i < m->n_objects; i++) {
		fprintf(out, "  module_list[%zu].crashpad_annotations[\"%s\"] "
			"(type = %u) = ", k, m->objects[i].name,
			(unsigned)m->objects[i].type);
		object_value(out, &m->objects[i]);
		fputc('\n', out);
	}
	/* Breakpad prints the mask once per module */
	fprintf(out, "  address_mask = %" PRIu64 "\n", ci->address_mask);
}

int sym_report_crashpad(FILE *out, const struct sym_process *p)
{
	const struct md_crashpad_info *ci = &p->dump->crashpad_info;
	char id[40];
	size_t i;

	if (!p->dump->has_crashpad_info)
		return SYM_OK;
	fputs("\nMDRawCrashpadInfo\n", out);
	fprintf(out, "  version = %d\n", (int)ci->version);
	sym_report_guid(id, sizeof(id), ci->report_id);
	fprintf(out, "  report_id = %s\n", id);
	sym_report_guid(id, sizeof(id), ci->client_id);
	fprintf(out, "  client_id = %s\n", id);
	for (i = 0; i < ci->n_simple; i++)
		fprintf(out, "  simple_annotations[\"%s\"] = %s\n",
			ci->simple[i].key, ci->simple[i].value);
	for (i = 0; i < ci->n_modules; i++)
		module_info(out, ci, i);
	fputc('\n', out);
	return ferror(out) ? SYM_EIO : SYM_OK;
}
