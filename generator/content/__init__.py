"""Reading a content folder: parse with positions, validate against the model, cross-check."""
