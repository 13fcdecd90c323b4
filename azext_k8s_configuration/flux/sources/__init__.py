"""Source kinds, one home each: git, bucket, azblob, oci (REFERENCE.md §2, §4, §7).

    table     the row type of the tables (Option) and what every rule returns (Change); plain data
    common    the rows every kind has (--url, --timeout, ...), shared value checks and the steps of the rules
    git, bucket, azblob, oci
              one table (OPTIONS) and the kind's create(options) and update(options, stored) rules side by side
    kinds     the kinds by --kind, and what derives from the tables over all kinds

``options`` holds only the options the user gave ({key: value}, None left out); ``stored`` the stored source as
payload.read_existing reads it ({key: value}; secrets are never returned).
"""
