package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.AnnotateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidListEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Decodes event headers and the few bodies Tidemark reads through the library (QUERY, XID, GTIDs,
 * ROTATE, FORMAT_DESCRIPTION), and hands TABLE_MAP and rows events over as raw bytes
 * ({@link Raw}) for {@link TableMapParser} and {@link RowsDecoder}. That keeps decoding exact (the
 * library's temporal and string conversions lose information) and lets rows of tables nobody
 * captures, or of transactions spilled to disk, pass without being decoded here.
 *
 * <p>Bodies of other events are skipped. The header keeps the raw type code ({@link Header#typeCode()}),
 * so that event kinds the library does not know (MariaDB's compressed events) are recognised.
 */
final class RawEventDeserializer extends EventDeserializer {

    /** An event body as the server sent it, without header and checksum. */
    record Raw(byte[] body) implements EventData {
    }

    /** {@link EventHeaderV4} plus the type byte as sent. */
    static final class Header extends EventHeaderV4 {
        private static final long serialVersionUID = 1L;
        private int typeCode;

        int typeCode() {
            return typeCode;
        }
    }

    private final EventDataDeserializer<?> query = new QueryEventDataDeserializer();
    private final EventDataDeserializer<?> xid = new XidEventDataDeserializer();
    private final EventDataDeserializer<?> gtid = new GtidEventDataDeserializer();
    private final EventDataDeserializer<?> mariaGtid = new MariadbGtidEventDataDeserializer();
    private final EventDataDeserializer<?> mariaGtidList = new MariadbGtidListEventDataDeserializer();
    private final EventDataDeserializer<?> rotate = new RotateEventDataDeserializer();
    private final EventDataDeserializer<?> annotate = new AnnotateRowsEventDataDeserializer();
    private final FormatDescriptionEventDataDeserializer formatDescription = new FormatDescriptionEventDataDeserializer();
    private int checksumLength;

    @Override
    @SuppressWarnings("deprecation")
    public void setChecksumType(ChecksumType checksumType) {
        // the client announces the checksum before the first event (the fake ROTATE) arrives
        super.setChecksumType(checksumType);
        this.checksumLength = checksumType.getLength();
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return null;
        }
        Header h = new Header();
        h.setTimestamp(in.readLong(4) * 1000L);
        h.typeCode = in.readInteger(1);
        EventType type = EventType.byEventNumber(h.typeCode);
        h.setEventType(type == null ? EventType.UNKNOWN : type);
        h.setServerId(in.readLong(4));
        h.setEventLength(in.readLong(4));
        h.setNextPosition(in.readLong(4));
        h.setFlags(in.readInteger(2));
        int dataLength = (int) h.getDataLength();
        EventData data;
        if (h.getEventType() == EventType.FORMAT_DESCRIPTION) {
            // its body includes the checksum algorithm byte and the checksum: read it whole
            in.enterBlock(dataLength);
            try {
                FormatDescriptionEventData fd = formatDescription.deserialize(in);
                checksumLength = fd.getChecksumType().getLength();
                data = fd;
            } finally {
                in.skipToTheEndOfTheBlock();
            }
            return new Event(h, data);
        }
        int bodyLength = dataLength - checksumLength;
        if (bodyLength < 0) {
            throw new IOException("event of type " + h.typeCode + " is shorter (" + dataLength
                    + " bytes) than its checksum (" + checksumLength + ")");
        }
        EventDataDeserializer<?> d = switch (h.getEventType()) {
            case QUERY -> query;
            case XID -> xid;
            case GTID -> gtid;
            case MARIADB_GTID -> mariaGtid;
            case MARIADB_GTID_LIST -> mariaGtidList;
            case ROTATE -> rotate;
            case ANNOTATE_ROWS -> annotate;
            default -> null;
        };
        if (d != null) {
            in.enterBlock(bodyLength);
            try {
                data = d.deserialize(in);
            } finally {
                in.skipToTheEndOfTheBlock();
            }
        } else if (isRaw(h.getEventType())) {
            data = new Raw(in.read(bodyLength));
        } else {
            in.skip(bodyLength);
            data = null;
        }
        in.skip(checksumLength);
        return new Event(h, data);
    }

    private static boolean isRaw(EventType t) {
        return switch (t) {
            case TABLE_MAP, WRITE_ROWS, UPDATE_ROWS, DELETE_ROWS, EXT_WRITE_ROWS, EXT_UPDATE_ROWS, EXT_DELETE_ROWS,
                 PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS, PRE_GA_DELETE_ROWS, PARTIAL_UPDATE_ROWS_EVENT, HEARTBEAT -> true;
            default -> false;
        };
    }
}
