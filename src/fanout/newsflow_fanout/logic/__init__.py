"""Pure fan-out domain: plain values and ports, no boto3."""
