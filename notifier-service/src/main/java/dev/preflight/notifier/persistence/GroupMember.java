package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** An alert's membership in an aggregation group. */
@Entity
@Table(name = "group_member")
@IdClass(GroupMember.Key.class)
public class GroupMember {
  @Id
  @Column(name = "group_id")
  public String groupId;

  @Id public String fingerprint;

  /** The composite key. */
  public static class Key implements Serializable {
    public String groupId;
    public String fingerprint;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && java.util.Objects.equals(groupId, key.groupId)
          && java.util.Objects.equals(fingerprint, key.fingerprint);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(groupId, fingerprint);
    }
  }
}
