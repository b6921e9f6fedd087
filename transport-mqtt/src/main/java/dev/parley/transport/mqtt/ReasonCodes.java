package dev.parley.transport.mqtt;

import dev.parley.api.ChatException;
import dev.parley.api.CloseReason;
import dev.parley.api.ErrorCode;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

/**
 * Maps the engine's error codes and close reasons onto MQTT's answers, for 3.1.1 and for 5. The table
 * is in docs/mqtt.md. A conversation that does not exist and one the user is not a member of are both
 * {@code not_found} in the engine, so they get the same code here: no topic tells them apart.
 */
final class ReasonCodes {

    private ReasonCodes() {
    }

    /** The CONNACK that refuses a login that failed with this error. */
    static MqttConnectReturnCode refusedLogin(Throwable failure, boolean v5) {
        ErrorCode code = failure instanceof ChatException chat ? chat.errorCode() : ErrorCode.INTERNAL;
        return switch (code) {
            case UNAUTHORIZED, BAD_REQUEST -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case FORBIDDEN -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            // 3.1.1 has no code for "too many attempts": "server unavailable" tells the client to come back later.
            case RATE_LIMITED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            default -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    /** The CONNACK that refuses a connection the engine turned away before its login, such as one too many. */
    static MqttConnectReturnCode refusedConnection(String reason, boolean v5) {
        if (CloseReason.TOO_MANY_CONNECTIONS.equals(reason)) {
            return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        }
        return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
    }

    /** The MQTT 5 PUBACK reason code for a send that failed with this error. */
    static byte refusedPublish(Throwable failure) {
        ErrorCode code = failure instanceof ChatException chat ? chat.errorCode() : ErrorCode.INTERNAL;
        MqttReasonCodes.PubAck reason = switch (code) {
            case NOT_FOUND, FORBIDDEN, UNAUTHORIZED -> MqttReasonCodes.PubAck.NOT_AUTHORIZED;
            case RATE_LIMITED -> MqttReasonCodes.PubAck.QUOTA_EXCEEDED;
            case BAD_REQUEST, TOO_LARGE, REJECTED -> MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID;
            default -> MqttReasonCodes.PubAck.UNSPECIFIED_ERROR;
        };
        return reason.byteValue();
    }

    /** The MQTT 5 DISCONNECT reason code for the engine's close reason. */
    static byte disconnect(String reason) {
        MqttReasonCodes.Disconnect code = switch (reason) {
            case CloseReason.SERVER_SHUTDOWN -> MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN;
            case CloseReason.IDLE_TIMEOUT -> MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT;
            case CloseReason.TOO_LARGE -> MqttReasonCodes.Disconnect.PACKET_TOO_LARGE;
            case CloseReason.SLOW_CONSUMER, CloseReason.TOO_MANY_CONNECTIONS -> MqttReasonCodes.Disconnect.QUOTA_EXCEEDED;
            case CloseReason.LOGGED_OUT, CloseReason.ACCOUNT_DISABLED, CloseReason.ACCOUNT_DELETED ->
                    MqttReasonCodes.Disconnect.NOT_AUTHORIZED;
            case CloseReason.ABUSIVE, CloseReason.NOT_THE_PROTOCOL -> MqttReasonCodes.Disconnect.PROTOCOL_ERROR;
            case MqttConnection.SESSION_TAKEN_OVER -> MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER;
            default -> MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR;
        };
        return code.byteValue();
    }
}
