"""Modal dialogs (product editor, …)."""
