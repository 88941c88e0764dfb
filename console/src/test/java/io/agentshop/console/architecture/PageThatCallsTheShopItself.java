package io.agentshop.console.architecture;

import org.springframework.web.client.RestClient;

/** What the backend rule must catch: a page with a client of its own (which would carry no person's token). */
class PageThatCallsTheShopItself {

    String orders() {
        return RestClient.create("http://127.0.0.1:8080").get().uri("/controls/me/orders").retrieve()
                .body(String.class);
    }
}
