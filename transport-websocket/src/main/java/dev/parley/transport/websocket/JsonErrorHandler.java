package dev.parley.transport.websocket;

import dev.parley.api.ErrorCode;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (404 for an unknown path, 400 and 431 for a request it cannot parse, 503
 * before the engine starts, 500) in the shape of the attachment endpoint's errors, so that a client
 * parses one kind of error body from this port. Installed only on a server the transport runs itself.
 * A 5xx says no more than that the server failed: the cause is for the log, not the client. Thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = (String) request.getAttribute(ERROR_MESSAGE);
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
            response.setStatus(status);
            if (message == null) {
                message = http.getReason();
            }
        }
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        ErrorCode code = HttpErrors.code(status);
        HttpErrors.write(response, callback, status, code, message(status, code, message), null);
        return true;
    }

    private static String message(int status, ErrorCode code, String message) {
        if (code == ErrorCode.INTERNAL) {
            return "the server failed; the error is logged";
        }
        if (status == 404) {
            return "no such resource";
        }
        return message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    }
}
