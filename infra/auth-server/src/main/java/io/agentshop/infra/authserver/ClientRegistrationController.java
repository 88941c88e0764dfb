package io.agentshop.infra.authserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /register}: RFC 7591 client registration, unauthenticated. */
@RestController
public class ClientRegistrationController {

    static final String PATH = "/register";

    private final ClientRegistrations registrations;
    private final ObjectMapper json;

    public ClientRegistrationController(ClientRegistrations registrations, ObjectMapper json) {
        this.registrations = registrations;
        this.json = json;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> register(@RequestBody(required = false) String body,
            HttpServletRequest caller) {
        Map<String, Object> request;
        try {
            request = body == null ? null : json.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            request = null;
        }
        if (request == null) {
            throw ClientRegistrationException.badMetadata("The request body must be a JSON object");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .body(registrations.register(request, caller.getRemoteAddr()));
    }

    @ExceptionHandler(ClientRegistrationException.class)
    ResponseEntity<Map<String, Object>> refused(ClientRegistrationException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", e.error());
        error.put("error_description", e.getMessage());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status())
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore());
        if (e.status() == HttpStatus.TOO_MANY_REQUESTS) {
            response.header(HttpHeaders.RETRY_AFTER, "60");
        }
        return response.body(error);
    }
}
