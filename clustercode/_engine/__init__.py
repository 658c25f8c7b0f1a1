"""The figure engine behind :mod:`clustercode.widgets` (private).

A reader never needs to open this package. A book figure is a *draw function*,
``draw(ax_or_axes, **values)``, written in ordinary matplotlib on axes that
are cleared before every call (see :mod:`clustercode.figures`); the public
face is :func:`clustercode.widgets.interactive_figure`. Everything that makes
such a function a live figure is here:

* :mod:`._drawing` -- clear the axes, call the draw function, and show a
  :class:`ValueError`'s message in place of the plot;
* :mod:`._live` -- the live figure: its matplotlib figure and PNG, with the
  layout cache of :mod:`._layout` (constrained layout re-run only when the
  decorations outgrow the margins it left) and, for figures that opt in with
  ``in_place=True``, the in-place redraw of :mod:`._inplace` (views kept while
  the data fit, only the data redrawn over a saved background);
* :mod:`._static` -- the static image with a drawn slider panel, for the HTML
  site and the PDF;
* :mod:`._jupyter` -- the ipywidgets box shown in a live kernel;
* :mod:`._ahead` -- in a live kernel, the next step of the slider moved last
  drawn while the reader looks, so that the next key press finds it drawn;
* :mod:`._png` -- a fast PNG encoder for the live image.

It is a package of its own, beside :mod:`clustercode.widgets` rather than
inside :mod:`clustercode.figures`, because ``clustercode.widgets`` imports it
and every figure module imports ``clustercode.widgets``: inside the figures
package it would import the book's figures to draw any figure at all.
"""
