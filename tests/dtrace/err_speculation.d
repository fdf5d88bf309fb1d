/* Speculations are not supported yet: a located error. */
BEGIN { self->spec = speculation(); }
