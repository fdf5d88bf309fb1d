/* Imported by tests/lang/import_files.bt: type definitions only. */
struct import_pair {
	int first;
	long second;
};
