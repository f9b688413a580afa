"""The Qt desktop front end. Importing this package has no side effects (no QApplication)."""
