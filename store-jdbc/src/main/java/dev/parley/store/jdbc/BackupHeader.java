package dev.parley.store.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The first line of a backup: what it is, its format version, the schema version of its data, and
 * for each table, in the order the rows follow, how many rows it has and the next value of its
 * identity column. The counts let an import tell a complete file from one cut short. It holds no
 * time or host name, so that exporting the same data twice gives the same bytes. Immutable.
 *
 * <pre>{@code
 * {"format":"parley-backup","formatVersion":1,"schemaVersion":"1","credentials":false,
 *  "tables":[{"name":"users","rows":3,"nextId":4},{"name":"user_roles","rows":4}, ...]}
 * }</pre>
 */
record BackupHeader(int formatVersion, String schemaVersion, boolean credentials, List<TableCount> tables) {

    static final String FORMAT = "parley-backup";

    /** The format this code writes and reads. */
    static final int FORMAT_VERSION = 1;

    long rows() {
        return tables.stream().mapToLong(TableCount::rows).sum();
    }

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("format", FORMAT);
        json.writeNumberField("formatVersion", formatVersion);
        json.writeStringField("schemaVersion", schemaVersion);
        json.writeBooleanField("credentials", credentials);
        json.writeArrayFieldStart("tables");
        for (TableCount table : tables) {
            json.writeStartObject();
            json.writeStringField("name", table.name());
            json.writeNumberField("rows", table.rows());
            if (table.nextId() != null) {
                json.writeNumberField("nextId", table.nextId());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * Reads and checks a header line.
     *
     * @throws BackupException if it is not a Parley backup header, or of another format version
     */
    static BackupHeader read(JsonNode node) {
        if (!node.isObject() || !FORMAT.equals(node.path("format").asText())) {
            throw new BackupException("not a Parley backup: the first line has no \"format\":\"" + FORMAT + "\"");
        }
        JsonNode version = node.path("formatVersion");
        if (!version.isInt()) {
            throw new BackupException("the backup's header has no formatVersion");
        }
        if (version.intValue() != FORMAT_VERSION) {
            throw new BackupException("the backup has format version " + version.intValue()
                    + ", but this version of Parley reads only format version " + FORMAT_VERSION);
        }
        JsonNode schema = node.path("schemaVersion");
        JsonNode tables = node.path("tables");
        if (!schema.isTextual() || !node.path("credentials").isBoolean() || !tables.isArray()) {
            throw new BackupException("the backup's header lacks schemaVersion, credentials or tables");
        }
        List<TableCount> counts = new ArrayList<>();
        for (JsonNode table : tables) {
            String name = table.path("name").asText();
            if (BackupTable.named(name).isEmpty() || !table.path("rows").canConvertToLong()) {
                throw new BackupException("the backup's header names an unknown table: " + table);
            }
            JsonNode nextId = table.get("nextId");
            counts.add(new TableCount(name, table.path("rows").longValue(),
                    nextId == null ? null : nextId.longValue()));
        }
        return new BackupHeader(version.intValue(), schema.textValue(), node.path("credentials").booleanValue(),
                counts);
    }

    /**
     * One table of the backup.
     *
     * @param name   the table
     * @param rows   how many rows of it follow
     * @param nextId the next value of its identity column, or null if it has none
     */
    record TableCount(String name, long rows, Long nextId) {
    }
}
