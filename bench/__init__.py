"""The reportgen benchmark: synthetic ledgers, measured outputs, baselines side by side."""
