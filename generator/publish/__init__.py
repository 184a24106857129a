"""Publishing a built site: release folders, atomic switch, rollback."""
