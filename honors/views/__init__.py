"""Honours pages: certificate verification, lookup and a member's certificates (`public`), and
the admin's nomination review, awards, certificates and batches (`admin`)."""
