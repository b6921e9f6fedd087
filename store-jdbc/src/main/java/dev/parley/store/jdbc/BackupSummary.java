package dev.parley.store.jdbc;

/**
 * What an export wrote or an import read. Immutable.
 *
 * @param schemaVersion the schema version of the data, such as {@code 1}
 * @param tables        how many tables the backup holds
 * @param rows          how many rows it holds, over all tables
 */
public record BackupSummary(String schemaVersion, int tables, long rows) {
}
