using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A proposal as Dolibarr's API shows it (htdocs/comm/propal/class/api_proposals.class.php).</summary>
public sealed record DolProposal(
    long Id, string Ref, long Socid, int Statut, int Status, long Date, long Datep, long DateCreation, long? DateValidation,
    long FinValidite, int DureeValidite, string TotalHt, string TotalTva, string TotalTtc, long? CondReglementId, long? ModeReglementId,
    string? NotePublic, string? NotePrivate, long? FkUserAuthor, long? UserAuthorId, long? UserValidationId, long? DateCloture,
    long? FkUserCloture, long? FkProject, string Entity, IReadOnlyList<DolLine> Lines);

/// <summary>What a Dolibarr client sends to create a proposal; <c>lines</c> may come with it.</summary>
public sealed class DolProposalInput
{
    public long? Socid { get; set; }

    public long? Date { get; set; }

    public long? Datep { get; set; }

    public int? DureeValidite { get; set; }

    public long? CondReglementId { get; set; }

    public long? ModeReglementId { get; set; }

    public string? NotePublic { get; set; }

    public string? NotePrivate { get; set; }

    public long? FkProject { get; set; }

    public int? Entity { get; set; }

    public JsonElement? ArrayOptions { get; set; }

    public List<DolLineInput>? Lines { get; set; }
}

public sealed class DolCloseInput
{
    public int? Status { get; set; }

    public string? NotePrivate { get; set; }

    public string? NotePublic { get; set; }

    public int? Notrigger { get; set; }
}

public sealed class DolTriggerInput
{
    public int? Notrigger { get; set; }

    public long? Idwarehouse { get; set; }
}

/// <summary>/api/index.php/proposals: the proposal screens' handler and rights, in Dolibarr's shapes.</summary>
[Route(Root + "/proposals")]
[DolibarrModulePart(Public.SalesRecordTypes.Proposal, "propale", "propal", "proposal")]
public sealed class DolibarrProposalsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ProposalAdministration administration,
    IValidator<ProposalForm> validator,
    IValidator<LineForm> lineValidator) : DolibarrApiController
{
    internal static readonly ApiFields<Proposal> Fields = new ApiFields<Proposal>()
        .Add("t.rowid", p => p.Id)
        .Add("t.ref", p => p.Number)
        .Add("t.fk_soc", p => p.ThirdPartyId)
        .Add("t.fk_statut", p => p.Status, DolSales.ProposalStatusOf)
        .Add("t.datep", p => p.Date)
        .Add("t.fin_validite", p => p.ValidUntil)
        .Add("t.datec", p => p.CreatedAt)
        .Add("t.total_ht", p => p.TotalExclTax)
        .Add("t.total_ttc", p => p.TotalInclTax);

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(ProposalForm.ThirdPartyId)] = "socid", [nameof(ProposalForm.Date)] = "date", [nameof(ProposalForm.ValidityDays)] = "duree_validite",
        [nameof(ProposalForm.PublicNote)] = "note_public", [nameof(ProposalForm.PrivateNote)] = "note_private",
    };

    [HttpGet("")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, p => p.ThirdPartyId);

        return await ListAsync(list, rows, Fields, p => Show(p, RecordNotes.None), "proposal", q => q.Include(p => p.Lines).AsSplitQuery());
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Get(long id) => await AnswerAsync(id);

    [HttpGet("{id:long}/lines")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Lines(long id) => Answer((await FindAsync(id)).OrderedLines.Select(DolLines.Line).ToList());

    /// <summary>Answers the new id, as Dolibarr does. Lines sent with it are added in the same transaction.</summary>
    [HttpPost("")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolProposalInput>();
        if (input.FkProject is > 0)
        {
            throw ApiException.BadRequest("fk_project: projects are not available yet; leave it out.");
        }

        var form = new ProposalForm
        {
            ThirdPartyId = input.Socid, Date = (input.Date ?? input.Datep) is { } d ? DolLines.Day(d) : DateOnly.FromDateTime(DateTime.UtcNow),
            ValidityDays = input.DureeValidite ?? Proposal.DefaultValidityDays, PaymentTermId = input.CondReglementId, PaymentMethodId = input.ModeReglementId,
            PublicNote = input.NotePublic, PrivateNote = input.NotePrivate,
        };
        await validator.CheckAsync(form, Names, Aborted);
        var lines = new List<LineForm>();
        foreach (var line in input.Lines ?? [])
        {
            lines.Add(await DolLines.LineFormAsync(line, lineValidator, null, Aborted));
        }

        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(Aborted) : null;
        var id = await administration.CreateAsync(form, Aborted);
        foreach (var line in lines)
        {
            await administration.AddLineAsync(id, line, Aborted);
        }

        if (tx is not null)
        {
            await tx.CommitAsync(Aborted);
        }

        return Answer(id);
    }

    /// <summary>POST {id}/line: one line, answers its id.</summary>
    [HttpPost("{id:long}/line")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> AddLine(long id)
    {
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, null, Aborted);
        return Answer(await administration.AddLineAsync(id, form, Aborted));
    }

    /// <summary>POST {id}/lines: an array of lines added together (all or none), answers their ids.</summary>
    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> AddLines(long id)
    {
        var inputs = await BodyListAsync<DolLineInput>();
        if (inputs.Count is 0 or > 500)
        {
            throw ApiException.BadRequest("Send between 1 and 500 lines.");
        }

        var forms = new List<LineForm>();
        foreach (var input in inputs)
        {
            forms.Add(await DolLines.LineFormAsync(input, lineValidator, null, Aborted));
        }

        await using var tx = await db.Database.BeginTransactionAsync(Aborted);
        var ids = new List<long>();
        foreach (var form in forms)
        {
            ids.Add(await administration.AddLineAsync(id, form, Aborted));
        }

        await tx.CommitAsync(Aborted);
        return Answer(ids);
    }

    /// <summary>PUT {id}/lines/{lineid}: changes the fields sent; answers the proposal.</summary>
    [HttpPut("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> ChangeLine(long id, long lineId)
    {
        var proposal = await FindAsync(id);
        var line = proposal.Lines.SingleOrDefault(l => l.Id == lineId) ?? throw ApiException.NotFound("Proposal line not found");
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, DolLines.FormOf(line), Aborted);
        await administration.ChangeLineAsync(id, lineId, form, Aborted);
        return await AnswerAsync(id);
    }

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> DeleteLine(long id, long lineId)
    {
        var document = await FindAsync(id);
        if (!document.Lines.Any(l => l.Id == lineId))
        {
            throw ApiException.NotFound("Proposal line not found");
        }

        await DolLines.RemoveLineAsync(document.Status == ProposalStatus.Draft, () => administration.RemoveLineAsync(id, lineId, Aborted));
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Proposals.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        await BodyAsync<DolTriggerInput>(optional: true);
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>POST {id}/close {status: 2 signed | 3 refused, note_private}.</summary>
    [HttpPost("{id:long}/close")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    public async Task<IActionResult> Close(long id)
    {
        var input = await BodyAsync<DolCloseInput>();
        var note = input.NotePrivate ?? input.NotePublic;
        switch (input.Status)
        {
            case 2:
                await administration.SignAsync(id, note, Aborted);
                break;
            case 3:
                await administration.RefuseAsync(id, note, Aborted);
                break;
            default:
                throw ApiException.BadRequest("status is 2 (signed) or 3 (not signed / refused).");
        }

        return await AnswerAsync(id);
    }

    /// <summary>Dolibarr can send a validated proposal back to draft; here a validated document is never edited (DOMAIN.md §0).</summary>
    [HttpPost("{id:long}/settodraft")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> SetToDraft(long id)
    {
        var proposal = await FindAsync(id);
        throw proposal.Status == ProposalStatus.Draft
            ? ApiException.BadRequest($"{proposal.Reference} is already a draft.")
            : ApiException.BadRequest($"{proposal.Reference} is validated: a validated proposal never goes back to draft here. Reopen a signed or refused one, or cancel it and make a new one.");
    }

    /// <summary>Deletes a draft (a numbered proposal is never deleted: cancel it).</summary>
    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Proposals.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return Answer(new { Success = new { Code = 200, Message = "Commercial Proposal deleted" } });
    }

    private async Task<IQueryable<Proposal>> VisibleAsync() =>
        db.Set<Proposal>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.ThirdPartyId);

    private async Task<Proposal> FindAsync(long id) =>
        await (await VisibleAsync()).Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Commercial Proposal not found");

    private async Task<IActionResult> AnswerAsync(long id)
    {
        var (proposal, recordNotes) = await (await VisibleAsync()).Include(p => p.Lines).SingleWithNotesAsync(db, SalesRecordTypes.Proposal, id, Aborted)
            ?? throw ApiException.NotFound("Commercial Proposal not found");
        return Answer(Show(proposal, recordNotes));
    }

    private static DolProposal Show(Proposal p, RecordNotes notes)
    {
        var status = DolSales.ProposalStatus(p.Status);
        return new DolProposal(
            p.Id, p.Reference, p.ThirdPartyId, status, status, ApiDates.Unix(p.Date), ApiDates.Unix(p.Date), p.CreatedAt.ToUnixTimeSeconds(),
            ApiDates.Unix(p.ValidatedAt), ApiDates.Unix(p.ValidUntil), p.ValidityDays, Dol.Num(p.TotalExclTax), Dol.Num(p.TotalVat), Dol.Num(p.TotalInclTax),
            p.PaymentTermId, p.PaymentMethodId, notes.Public, notes.Private, p.AuthorUserId, p.AuthorUserId, p.ValidatedByUserId,
            ApiDates.Unix(p.ClosedAt), p.ClosedByUserId, null, "1", p.OrderedLines.Select(DolLines.Line).ToList());
    }
}
