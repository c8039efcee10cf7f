using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Sales;

/// <summary>The proposal and order state machines (DOMAIN.md §3) and the shared line rules.</summary>
public sealed class SalesDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly LineContent Line = new(LineKind.Free, "Consulting", 5m, 6.36m, 0m, 21m);

    private static Proposal Draft(bool withLine = true)
    {
        var p = Proposal.Create(7, new DocumentContacts(null, null, null), new DateOnly(2026, 11, 28), 30, 3, 1, Now);
        if (withLine)
        {
            p.AddLine(Line);
        }

        return p;
    }

    private static Proposal Validated()
    {
        var p = Draft();
        p.Validate("PR2611-0001", 1, Now);
        return p;
    }

    [Fact]
    public void A_draft_shows_as_PROV_and_its_validity_date_is_date_plus_validity_days()
    {
        var p = Draft();
        p.Reference.ShouldStartWith("(PROV");
        p.ValidUntil.ShouldBe(new DateOnly(2026, 12, 28));
        p.SetDate(new DateOnly(2026, 12, 1), 15);
        p.ValidUntil.ShouldBe(new DateOnly(2026, 12, 16));
    }

    [Fact]
    public void Validating_a_draft_without_lines_is_refused()
    {
        var p = Draft(withLine: false);
        p.AddLine(new LineContent(LineKind.Title, "Only a title"));
        Should.Throw<DomainException>(() => p.Validate("PR2611-0001", 1, Now)).Message.ShouldContain("no lines");
        p.Status.ShouldBe(ProposalStatus.Draft);
        p.Number.ShouldBeNull();
    }

    [Fact]
    public void Validation_numbers_freezes_and_raises_the_event_with_the_lines_and_vat_per_rate()
    {
        var p = Draft();
        p.AddLine(Line);
        p.AddLine(Line);
        p.Validate("PR2611-0001", 1, Now);
        (p.Number, p.Status, p.TotalExclTax, p.TotalVat, p.TotalInclTax).ShouldBe(("PR2611-0001", ProposalStatus.Validated, 95.40m, 20.04m, 115.44m));
        var validated = p.DomainEvents.OfType<ProposalValidated>().ShouldHaveSingleItem();
        validated.LeadId.ShouldBe(3);
        validated.Proposal.Lines.Count.ShouldBe(3);
        validated.Proposal.VatByRate.ShouldHaveSingleItem().ShouldBe(new SalesVatAmount(21m, 95.40m, 20.04m));
        Should.Throw<DomainException>(() => p.AddLine(Line)).Message.ShouldContain("can no longer be changed");
        Should.Throw<DomainException>(() => p.SetDate(new DateOnly(2026, 12, 1))).Message.ShouldContain("can no longer be changed");
    }

    [Fact]
    public void Signed_and_refused_are_reached_from_validated_only_and_can_be_reopened()
    {
        Should.Throw<DomainException>(() => Draft().Sign(1, Now));
        var p = Validated();
        p.Sign(1, Now);
        p.Status.ShouldBe(ProposalStatus.Signed);
        p.DomainEvents.OfType<ProposalSigned>().ShouldHaveSingleItem();
        Should.Throw<DomainException>(() => p.Refuse(1, Now));
        p.Reopen();
        p.Status.ShouldBe(ProposalStatus.Validated);
        p.Refuse(1, Now, "Too expensive");
        (p.Status, p.CloseNote).ShouldBe((ProposalStatus.Refused, "Too expensive"));
        p.Reopen();
        Should.Throw<DomainException>(() => p.Reopen());
    }

    [Fact]
    public void Any_non_draft_can_be_cancelled_a_draft_is_deleted_instead()
    {
        Should.Throw<DomainException>(() => Draft().Cancel()).Message.ShouldContain("delete it");
        var p = Validated();
        p.Cancel();
        p.Status.ShouldBe(ProposalStatus.Cancelled);
        Should.Throw<DomainException>(() => p.Cancel());
    }

    [Fact]
    public void Only_a_signed_proposal_becomes_an_order_which_copies_its_lines()
    {
        var refused = Validated();
        refused.Refuse(1, Now);
        Should.Throw<DomainException>(() => SalesOrder.FromProposal(refused, new DateOnly(2026, 11, 28), 1, Now)).Message.ShouldContain("only a signed proposal");
        var signed = Validated();
        signed.Sign(1, Now);
        var order = SalesOrder.FromProposal(signed, new DateOnly(2026, 11, 29), 1, Now);
        (order.Status, order.ThirdPartyId, order.TotalInclTax, order.Lines.Count).ShouldBe((SalesOrderStatus.Draft, 7L, signed.TotalInclTax, 1));
        order.Lines[0].LeftToShip.ShouldBe(5m);
        order.Lines[0].LeftToBill.ShouldBe(5m);
    }

    [Fact]
    public void Order_lines_refuse_shipping_or_billing_more_than_is_left()
    {
        var signed = Validated();
        signed.Sign(1, Now);
        var line = SalesOrder.FromProposal(signed, new DateOnly(2026, 11, 29), 1, Now).Lines[0];
        line.Ship(2m);
        line.LeftToShip.ShouldBe(3m);
        Should.Throw<DomainException>(() => line.Ship(4m)).Message.ShouldContain("3 is left to ship");
        line.Invoice(5m);
        Should.Throw<DomainException>(() => line.Invoice(0.5m)).Message.ShouldContain("0 is left to bill");
    }

    [Fact]
    public void An_order_is_validated_then_cancelled_with_events()
    {
        var order = SalesOrder.Create(7, new DocumentContacts(null, null, null), new DateOnly(2026, 11, 28), 1, Now);
        Should.Throw<DomainException>(() => order.Validate("SO2611-0001", 1, Now));
        order.AddLine(Line);
        order.Validate("SO2611-0001", 1, Now);
        order.Cancel(Now);
        order.Status.ShouldBe(SalesOrderStatus.Cancelled);
        order.DomainEvents.Select(e => e.GetType().Name).ShouldBe(["OrderValidated", "OrderCancelled"]);
    }

    [Fact]
    public void Lines_refuse_zero_or_negative_quantities_and_bad_discounts_and_move_and_renumber()
    {
        var p = Draft(withLine: false);
        Should.Throw<DomainException>(() => p.AddLine(Line with { Quantity = 0m })).Message.ShouldBe("The quantity must be more than zero.");
        Should.Throw<DomainException>(() => p.AddLine(Line with { Quantity = -1m }));
        Should.Throw<DomainException>(() => p.AddLine(Line with { DiscountPercent = 101m }));
        Should.Throw<DomainException>(() => p.AddLine(Line with { Kind = LineKind.Product, ProductId = null }));
        p.Lines.ShouldBeEmpty();
        var a = p.AddLine(Line with { Description = "A" });
        var b = p.AddLine(new LineContent(LineKind.Title, "B"));
        var c = p.AddLine(Line with { Description = "C" });
        p.MoveLine(c, -1);
        p.OrderedLines.Select(l => l.Description).ShouldBe(["A", "C", "B"]);
        p.RemoveLine(a);
        p.OrderedLines.Select(l => (l.Position, l.Description)).ShouldBe([(1, "C"), (2, "B")]);
        b.TotalExclTax.ShouldBe(0m);
    }
}
