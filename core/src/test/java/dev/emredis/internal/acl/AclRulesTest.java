package dev.emredis.internal.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rule parsing and rendering, checked against what redis-server 7.0.15 answers for the same rules. */
class AclRulesTest {
    private static User user(String... rules) throws RuleException {
        User u = new User("u", false);
        for (String r : rules) u.apply(r, false);
        return u;
    }

    @Test
    void newAndResetUsers() throws RuleException {
        assertThat(user().describe()).isEqualTo("off resetchannels -@all");
        assertThat(user("reset").describe()).isEqualTo("off sanitize-payload resetchannels -@all");
        assertThat(user("on", "nopass", "allkeys", "allchannels", "allcommands").describe()).isEqualTo("on nopass ~* &* +@all");
        assertThat(user("~*", "&*", "+@all", "reset").describe()).isEqualTo("off sanitize-payload resetchannels -@all");
    }

    @Test
    void categoriesAndCommands() throws RuleException {
        assertThat(user("+@all", "-@string").describe()).isEqualTo("off resetchannels +@all -@string");
        assertThat(user("-@all", "+@read", "+@write").describe()).isEqualTo("off resetchannels -@all +@write +@read");
        assertThat(user("+@all", "-get").describe()).isEqualTo("off resetchannels +@all -get");
        assertThat(user("+@all", "-@dangerous").describe()).isEqualTo("off resetchannels +@all -@dangerous");
        assertThat(user("+@all", "-@keyspace", "-@admin", "+info").describe())
                .isEqualTo("off resetchannels +@all -@admin -@keyspace");
        assertThat(user("-@all", "+@admin", "-config|set").describe())
                .isEqualTo("off resetchannels -@all +@admin -config|set");
        assertThat(user("-@all", "+config|get").describe()).isEqualTo("off resetchannels -@all +config|get");
        assertThat(user("-@all", "+select|0", "+select|1", "+SELECT|0").describe())
                .isEqualTo("off resetchannels -@all +select|0 +select|1");
        // Allowing the whole command drops its first-args.
        assertThat(user("-@all", "+select|0", "+select").describe()).isEqualTo("off resetchannels -@all +select");
    }

    @Test
    void keyAndChannelPatterns() throws RuleException {
        assertThat(user("%R~r*", "%W~w*", "%RW~rw*", "~x", "%R~m", "%W~m").describe())
                .isEqualTo("off %R~r* %W~w* ~rw* ~x ~m resetchannels -@all");
        assertThat(user("&a", "&b*", "&a").describe()).isEqualTo("off resetchannels &a &b* -@all");
        assertThat(user("~a", "allkeys").describe()).isEqualTo("off ~* resetchannels -@all");
        assertThat(user("~a", "resetkeys", "~b").describe()).isEqualTo("off ~b resetchannels -@all");
    }

    @Test
    void passwords() throws RuleException {
        String h = User.hash("pw");
        assertThat(h).isEqualTo("30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4");
        assertThat(user(">pw", ">pw").describe()).isEqualTo("off #" + h + " resetchannels -@all");
        assertThat(user(">pw", "<pw").passwords).isEmpty();
        assertThat(user("#" + h, "!" + h).passwords).isEmpty();
        assertThat(user(">pw", "nopass").describe()).isEqualTo("off nopass resetchannels -@all");
        assertThat(user("nopass", ">pw").flagNames()).containsExactly("off");
        User u = user("on", ">pw");
        assertThat(u.checkPassword("pw".getBytes())).isTrue();
        assertThat(u.checkPassword("no".getBytes())).isFalse();
        assertThat(user("off", "nopass").checkPassword("x".getBytes())).isFalse();
    }

    @Test
    void selectors() throws RuleException {
        User u = user("on", "nopass", "(~a* +get)", "(%R~b +@read)");
        assertThat(u.describe()).isEqualTo("on nopass resetchannels -@all (~a* resetchannels -@all +get)"
                + " (%R~b resetchannels -@all +@read)");
        assertThat(u.selectorFields().get(1)).containsExactly("-@all +get", "~a*", "");
        u.apply("clearselectors", false);
        assertThat(u.describe()).isEqualTo("on nopass resetchannels -@all");
        assertThat(AclRules.mergeSelectors(List.of("on", "(~a", "+get)", "x"), new int[1]))
                .containsExactly("on", "(~a +get)", "x");
        int[] open = new int[1];
        assertThat(AclRules.mergeSelectors(List.of("on", "(~a", "+get"), open)).isNull();
        assertThat(open[0]).isEqualTo(1);
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> user("~*", "~a")).hasMessageStartingWith("Adding a pattern after the * pattern (or the 'allkeys'");
        assertThatThrownBy(() -> user("&*", "&a")).hasMessageStartingWith("Adding a pattern after the * pattern (or the 'allchannels'");
        assertThatThrownBy(() -> user("+nosuch")).hasMessage("Unknown command or category name in ACL");
        assertThatThrownBy(() -> user("+@nosuch")).hasMessage("Unknown command or category name in ACL");
        assertThatThrownBy(() -> user("-get|x")).hasMessage("Unknown command or category name in ACL");
        assertThatThrownBy(() -> user("+config|nosub")).hasMessage("Unknown command or category name in ACL");
        assertThatThrownBy(() -> user("+config|get|x")).hasMessage("Allowing first-arg of a subcommand is not supported");
        assertThatThrownBy(() -> user("+get|")).hasMessage("Syntax error");
        assertThatThrownBy(() -> user("blah")).hasMessage("Syntax error");
        assertThatThrownBy(() -> user("%X~a")).hasMessage("Syntax error");
        assertThatThrownBy(() -> user("(on)")).hasMessage("Syntax error");
        assertThatThrownBy(() -> user("<nopw")).hasMessage("The password you are trying to remove from the user does not exist");
        assertThatThrownBy(() -> user("#abc")).hasMessageStartingWith("The password hash must be exactly 64 characters");
    }

    /** Whatever the rules, the rendered string applied to a fresh selector gives back the same permissions. */
    @Test
    void renderingRoundTrips() throws RuleException {
        AclCommandSet set = AclCommandSet.get();
        Random rnd = new Random(7);
        for (int round = 0; round < 300; round++) {
            Selector s = new Selector(true, false);
            s.apply(rnd.nextBoolean() ? "+@all" : "-@all");
            for (int i = rnd.nextInt(8); i > 0; i--) {
                String sign = rnd.nextBoolean() ? "+" : "-";
                if (rnd.nextBoolean()) {
                    s.apply(sign + "@" + AclCommandSet.CATEGORIES.get(rnd.nextInt(AclCommandSet.CATEGORIES.size())));
                } else {
                    s.apply(sign + set.byId.get(rnd.nextInt(set.size())).fullName);
                }
            }
            String rules = AclRules.describeCommands(s);
            Selector back = new Selector(true, false);
            for (String op : rules.split(" ")) back.apply(op);
            assertThat(back.allowed).as(rules).isEqualTo(s.allowed);
            assertThat(back.future).isEqualTo(s.future);
        }
    }
}
