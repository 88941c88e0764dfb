package io.agentshop.console;

import io.agentshop.console.backend.BackendProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What every page shares: the signed-in person (for the header and the menu), the home page, the page that says
 * what a person may not open, and the page a refusal of the edge or the query side ends on.
 */
@Controller
@ControllerAdvice
class Pages {

    @ModelAttribute("person")
    Person person(Authentication authentication) {
        return Person.of(authentication);
    }

    @GetMapping("/")
    String home() {
        return "home";
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }

    /**
     * A page of a role the person does not hold: said plainly, with the roles they do hold. Spring Security forwards
     * here with the refused request's method; a form without its CSRF token is said to be one.
     */
    @RequestMapping("/denied")
    String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("forgedForm", request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException);
        return "denied";
    }

    /** The edge or the query side refused or failed: its status and its own sentence. */
    @ExceptionHandler(BackendProblem.class)
    String problem(BackendProblem problem, Model model, Authentication authentication, HttpServletResponse response) {
        response.setStatus(problem.status() >= 400 && problem.status() < 600 ? problem.status() : 502);
        model.addAttribute("person", Person.of(authentication));
        model.addAttribute("status", problem.status());
        model.addAttribute("detail", problem.getMessage());
        return "problem";
    }
}
