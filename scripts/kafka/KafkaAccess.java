// Makes a broker's SCRAM users and ACLs exactly what a spec says (run by scripts/stack.py after the broker starts;
// `java -cp '.tools/kafka/libs/*' scripts/kafka/KafkaAccess.java <spec.json>`, JDK 17's single-file launcher).
//
// The spec (written by scripts/kafka_access.py) is JSON:
//   {"bootstrap": "127.0.0.1:19092", "admin": {"username": "...", "password": "..."},
//    "users": {"orders": "<password>", ...},
//    "acls": [{"principal": "User:orders", "resource": "TOPIC", "name": "shop.orders.events", "operation": "WRITE"}]}
// Users are upserted (SCRAM-SHA-512); ACLs in the spec are created and every other ALLOW ACL is deleted, so an
// edge removed from the allow-list is removed from the broker too. One JVM for everything: a broker stays ready
// in seconds.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class KafkaAccess {
    public static void main(String[] args) throws Exception {
        JsonNode spec = new ObjectMapper().readTree(new File(args[0]));
        JsonNode admin = spec.get("admin");
        Properties props = new Properties();
        props.put("bootstrap.servers", spec.get("bootstrap").asText());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", String.format(
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";",
            admin.get("username").asText(), admin.get("password").asText()));
        props.put("request.timeout.ms", "15000");
        try (Admin client = Admin.create(props)) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (Map.Entry<String, JsonNode> user : spec.get("users").properties()) {
                users.add(new UserScramCredentialUpsertion(
                    user.getKey(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                    user.getValue().asText()));
            }
            client.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);

            Set<AclBinding> wanted = new HashSet<>();
            for (JsonNode acl : spec.get("acls")) {
                wanted.add(new AclBinding(
                    new ResourcePattern(ResourceType.fromString(acl.get("resource").asText()),
                        acl.get("name").asText(), PatternType.LITERAL),
                    new AccessControlEntry(acl.get("principal").asText(), "*",
                        AclOperation.fromString(acl.get("operation").asText()), AclPermissionType.ALLOW)));
            }
            Set<AclBinding> present = new HashSet<>(client.describeAcls(AclBindingFilter.ANY).values()
                .get(30, TimeUnit.SECONDS));
            List<AclBindingFilter> stale = new ArrayList<>();
            for (AclBinding binding : present) {
                if (!wanted.contains(binding)) {
                    stale.add(binding.toFilter());
                }
            }
            if (!stale.isEmpty()) {
                client.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
            }
            List<AclBinding> missing = new ArrayList<>();
            for (AclBinding binding : wanted) {
                if (!present.contains(binding)) {
                    missing.add(binding);
                }
            }
            if (!missing.isEmpty()) {
                client.createAcls(missing).all().get(30, TimeUnit.SECONDS);
            }
            System.out.printf("kafka-access: %d users, %d ACLs (%d created, %d removed)%n",
                users.size(), wanted.size(), missing.size(), stale.size());
        }
    }
}
