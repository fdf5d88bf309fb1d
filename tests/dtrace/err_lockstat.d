lockstat:::adaptive-block { @ = count(); }
