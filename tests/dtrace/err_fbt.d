fbt::vfs_read:bogus { @ = count(); }
