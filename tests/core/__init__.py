"""Tests of the model core (rnnviz.model): exactness against torch, variants, the API, streams, bad input."""
