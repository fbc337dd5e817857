"""The format-free documents: what each output says, built once from the model for every format."""
