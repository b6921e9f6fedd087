package dev.parley.store.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A column of a backed-up table and how its values look in JSON: whole numbers as numbers, booleans
 * as booleans, text as strings, bytes as base64 strings, and SQL NULL as null. The same JSON comes
 * out of H2 and MySQL, so a backup moves between them. Immutable.
 *
 * @param name    the column's name, in lower case
 * @param sqlType its {@link Types} code, for binding a null
 * @param kind    how its values are written and read
 */
record BackupColumn(String name, int sqlType, Kind kind) {

    /** The columns of a result, in their order, with lower-case names whatever case the database reports. */
    static List<BackupColumn> of(String table, ResultSetMetaData metaData) throws SQLException {
        List<BackupColumn> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String name = metaData.getColumnLabel(i).toLowerCase(Locale.ROOT);
            int type = metaData.getColumnType(i);
            columns.add(new BackupColumn(name, type, Kind.of(type, table + "." + name)));
        }
        return columns;
    }

    /** Writes the value at a result's column as this column's JSON. */
    void write(ResultSet rs, int index, JsonGenerator json) throws SQLException, IOException {
        json.writeFieldName(name);
        switch (kind) {
            case INTEGER -> {
                long value = rs.getLong(index);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(index);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeBoolean(value);
                }
            }
            case TEXT -> {
                String value = rs.getString(index);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeString(value);
                }
            }
            case BINARY -> {
                byte[] value = rs.getBytes(index);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeString(Base64.getEncoder().encodeToString(value));
                }
            }
        }
    }

    /**
     * Binds a JSON value to a statement's parameter.
     *
     * @throws IllegalArgumentException if the value is not of this column's kind
     */
    void bind(PreparedStatement statement, int index, JsonNode value) throws SQLException {
        if (value.isNull()) {
            statement.setNull(index, sqlType);
            return;
        }
        switch (kind) {
            case INTEGER -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw mismatch("a whole number");
                }
                statement.setLong(index, value.longValue());
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw mismatch("true or false");
                }
                statement.setBoolean(index, value.booleanValue());
            }
            case TEXT -> {
                if (!value.isTextual()) {
                    throw mismatch("a string");
                }
                statement.setString(index, value.textValue());
            }
            case BINARY -> {
                if (!value.isTextual()) {
                    throw mismatch("a base64 string");
                }
                try {
                    statement.setBytes(index, Base64.getDecoder().decode(value.textValue()));
                } catch (IllegalArgumentException e) {
                    throw mismatch("a base64 string");
                }
            }
        }
    }

    private IllegalArgumentException mismatch(String expected) {
        return new IllegalArgumentException("column " + name + " needs " + expected);
    }

    /** How a column's values are written in JSON. */
    enum Kind {
        INTEGER, BOOLEAN, TEXT, BINARY;

        static Kind of(int sqlType, String column) {
            return switch (sqlType) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INTEGER;
                // MySQL's BOOLEAN is TINYINT(1), which Connector/J reports as BIT.
                case Types.BOOLEAN, Types.BIT -> BOOLEAN;
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB,
                        Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB -> TEXT;
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
                default -> throw new BackupException("the backup cannot hold column " + column
                        + " of SQL type " + sqlType);
            };
        }
    }
}
