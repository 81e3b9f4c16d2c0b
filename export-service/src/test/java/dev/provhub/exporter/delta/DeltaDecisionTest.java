package dev.provhub.exporter.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.provhub.exporter.delta.DeltaDecision.Action;
import dev.provhub.exporter.delta.DeltaDecision.Exported;
import dev.provhub.exporter.delta.DeltaDecision.Kind;
import dev.provhub.exporter.delta.DeltaDecision.Member;
import dev.provhub.exporter.member.MemberValues;

class DeltaDecisionTest {

    static final UUID USER = UUID.randomUUID();

    static MemberValues aapo() {
        return new MemberValues("9823459", "aapo.kiilunen@example.org", "Aapo", "Kiilunen", "aapo@example.org",
                "00100", false, false);
    }

    static Member member(MemberValues values) {
        return new Member(USER, false, values);
    }

    @Test
    void writesTheSeedsExampleRow() {
        assertThat(aapo().line()).isEqualTo("9823459,aapo.kiilunen@example.org,Aapo,Kiilunen,aapo@example.org,00100,0,0");
        assertThat(new MemberValues("1", "u@x", null, null, null, null, true, true).line())
                .isEqualTo("1,u@x,NULL,NULL,NULL,NULL,1,1");
    }

    @Test
    void memberWithAUpnNotExportedIsNew() {
        assertThat(DeltaDecision.decide(member(aapo()), null, null)).containsExactly(
                new Action(Kind.NEW, USER, "9823459", aapo().line(), null));
    }

    @Test
    void exportedMemberWithAnyChangedValueIsUpdatedAndAnUnchangedOneIsNothing() {
        var exported = new Exported(USER, "9823459", aapo().line());
        var moved = new MemberValues("9823459", "aapo.kiilunen@example.org", "Aapo", "Kiilunen",
                "aapo@example.org", "00200", false, false);

        assertThat(DeltaDecision.decide(member(moved), exported, exported)).containsExactly(
                new Action(Kind.UPDATED, USER, "9823459", moved.line(), null));
        assertThat(DeltaDecision.decide(member(aapo()), exported, exported)).isEmpty();
    }

    @Test
    void deletedOrUpnLessExportedMemberIsRemovedWithTheValuesLastExported() {
        var exported = new Exported(USER, "9823459", "9823459,old@example.org,Aapo,Kiilunen,NULL,NULL,0,0");
        var noUpn = new MemberValues("9823459", null, "Aapo", "Kiilunen", "new@example.org", null, false, false);

        assertThat(DeltaDecision.decide(member(noUpn), exported, exported)).containsExactly(
                new Action(Kind.REMOVED, USER, "9823459", exported.line(), null));
        assertThat(DeltaDecision.decide(new Member(USER, true, aapo()), exported, exported))
                .extracting(Action::kind).containsExactly(Kind.REMOVED);
    }

    @Test
    void memberCreatedAndDeletedBetweenRunsIsNothing() {
        assertThat(DeltaDecision.decide(new Member(USER, true, aapo()), null, null)).isEmpty();
        assertThat(DeltaDecision.decide(member(new MemberValues("1", null, "A", "B", null, null, false, false)),
                null, null)).isEmpty();
    }

    @Test
    void changedMemberNumberRemovesTheOldOneAndAddsTheNewOne() {
        var exported = new Exported(USER, "111", "111,aapo.kiilunen@example.org,Aapo,Kiilunen,NULL,NULL,0,0");

        List<Action> actions = DeltaDecision.decide(member(aapo()), exported, null);

        assertThat(actions).extracting(Action::kind).containsExactly(Kind.REMOVED, Kind.NEW);
        assertThat(actions.get(0).membernumber()).isEqualTo("111");
        assertThat(actions.get(0).line()).isEqualTo(exported.line());
        assertThat(actions.get(1).membernumber()).isEqualTo("9823459");
    }

    @Test
    void valuesTheFormatCannotCarryAreWithheld() {
        assertThat(DeltaDecision.decide(member(new MemberValues("1", "u@x", "Aapo, Jr", "K", null, null, false,
                false)), null, null)).singleElement().satisfies(a -> {
                    assertThat(a.kind()).isEqualTo(Kind.WITHHELD);
                    assertThat(a.reason()).isEqualTo("firstname contains ','");
                });
        assertThat(DeltaDecision.decide(member(new MemberValues("1", "u@x", "A", "Line\nbreak", null, null, false,
                false)), null, null).get(0).reason()).isEqualTo("lastname contains a line break");
        assertThat(DeltaDecision.decide(member(new MemberValues("1", "u@x", "A", "B", "NULL", null, false,
                false)), null, null).get(0).reason()).contains("email is the text NULL");
    }

    @Test
    void aMemberNumberExportedForAnotherUserIsWithheld() {
        var other = new Exported(UUID.randomUUID(), "9823459", aapo().line());

        assertThat(DeltaDecision.decide(member(aapo()), null, other)).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("exported for another user"));
    }
}
