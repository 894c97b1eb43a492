// Removed once the folder has its first real source file.
