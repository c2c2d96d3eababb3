"""Measuring detection quality on labeled corpora: PAN's plagdet (`pan`),
the corpora's readers (`evalsets`), the measures (`measures`) and the runs
behind ``compare-sources eval`` (`evaluate`)."""
