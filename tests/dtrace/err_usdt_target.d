sonde$target:::reg { @ = count(); }
