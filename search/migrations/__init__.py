def run_for_vendor(statements_by_vendor):
    """A RunPython operation that executes the SQL statements listed for the database in use."""

    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation
