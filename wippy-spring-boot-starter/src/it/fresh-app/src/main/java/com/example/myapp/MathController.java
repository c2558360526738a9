package com.example.myapp;

import ai.wippy.spring.WippyFunction;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

interface Compute {
    int compute(int a, int b);
}

interface AsyncCompute {
    Mono<Integer> compute(int a, int b);
}

@RestController
class MathController {
    private final AsyncCompute compute;

    MathController(@WippyFunction("myapp:compute") AsyncCompute compute) {
        this.compute = compute;
    }

    @GetMapping("/mul")
    Mono<Integer> mul(@RequestParam int a, @RequestParam int b) {
        return compute.compute(a, b);
    }
}
