# Jupyter server configuration for the book's notebooks (Binder, local JupyterLab).
# binder/postBuild copies it to $NB_PYTHON_PREFIX/etc/jupyter/, where
# `jupyter lab` reads it. Locally: .venv/bin/jupyter lab --config=binder/jupyter_server_config.py
# (tests/test_jupyterlab.py does the same).
#
# References from one chapter to another ({ref}, {prf:ref}, {eq}, {numref})
# cannot be resolved by jupyterlab-myst, which sees one notebook at a time: it
# would show the bare label and log an error in the browser console for each.
# The contents manager below hands JupyterLab the chapters with those
# references written as links to the other chapter's file (opened as a
# notebook), and writes the original roles back when a chapter is saved; see
# clustercode._notebook_refs. jupytext's server extension derives its own
# contents manager from this class, so it sees the rewritten text.
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager


class BookContentsManager(AsyncLargeFileManager):
    """Chapters with their cross-chapter references as links (see above)."""

    def _is_page(self, path, model):
        return (str(path).endswith(".md") and model.get("type") == "file"
                and model.get("format") == "text" and isinstance(model.get("content"), str))

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and self._is_page(path, model):
            from clustercode._notebook_refs import to_notebook_links

            root = Path(self.root_dir)
            if (root / "index.md").is_file():
                model["content"] = to_notebook_links(model["content"], path.strip("/"), root)
        return model

    async def save(self, model, path=""):
        if self._is_page(path, model):
            from clustercode._notebook_refs import from_notebook_links

            model = dict(model, content=from_notebook_links(model["content"]))
        return await super().save(model, path)


c = get_config()  # noqa: F821 - provided by traitlets when it loads this file
c.ServerApp.contents_manager_class = BookContentsManager
# Nothing fetched from the network by the server on the reader's behalf.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
