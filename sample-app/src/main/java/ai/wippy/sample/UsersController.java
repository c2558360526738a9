package ai.wippy.sample;

import ai.wippy.spring.WippyFunction;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A route backed by a WebAssembly component that takes and returns lists of records. */
@RestController
public class UsersController {

    /** WIT {@code record user { name: string, age: u32, tags: list<string> }}. */
    public record User(String name, long age, List<String> tags) {}

    /** WIT {@code record display { name: string, adult: bool, tag-count: u32, first-tag: option<string> }}. */
    public record Display(String name, boolean adult, long tagCount, Optional<String> firstTag) {}

    /** {@code sample.math:transform-users}, a component from an fs.embed entry. */
    public interface TransformUsers {
        Mono<List<Display>> transformUsers(List<User> users);
    }

    private final TransformUsers transform;

    public UsersController(@WippyFunction("sample.math:transform-users") TransformUsers transform) {
        this.transform = transform;
    }

    @PostMapping("/users/transform")
    public Mono<List<Display>> transform(@RequestBody List<User> users) {
        return transform.transformUsers(users);
    }
}
