"""Analyses of the gold: counts (``stats``), the annotation audit (``audit``), the agreement study
(``agreement``), and the generated blocks of the documentation (``docblocks``)."""
