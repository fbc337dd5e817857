"""The build: planning and triage, the staged build (pipeline), where outputs are rendered
(executors), input digests (inputs) and the atomic writer. The outputs table it reads is
briefgen/outputs.py."""
