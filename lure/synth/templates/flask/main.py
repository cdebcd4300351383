"""Entry point: python main.py starts the development server."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "vendor"))

from app import create_app  # noqa: E402

app = create_app()

if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", "5000")), debug=True)
