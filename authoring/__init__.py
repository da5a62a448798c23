"""Writers' tools: new files from documented templates, and checks of health content's age."""
