using FluentValidation;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Agenda.Features;

public sealed class EventForm
{
    public AgendaEventType Type { get; set; } = AgendaEventType.Call;

    public string Title { get; set; } = "";

    public bool AllDay { get; set; }

    /// <summary>Timed events: start and end (UTC, as the app shows them).</summary>
    public DateTime? Start { get; set; }

    public DateTime? End { get; set; }

    /// <summary>All-day events: first and last day.</summary>
    public DateOnly? StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public long? OwnerId { get; set; }

    public List<long> AttendeeIds { get; set; } = [];

    public string? Location { get; set; }

    public EventProgress Progress { get; set; } = EventProgress.ToDo;

    public string? Notes { get; set; }

    public long? ThirdPartyId { get; set; }

    public long? ContactId { get; set; }

    /// <summary>"crm.thirdparty:12", as pickers carry a record; empty for none.</summary>
    public string? LinkedRecord { get; set; }
}

public sealed class EventFormValidator : AbstractValidator<EventForm>
{
    public EventFormValidator()
    {
        RuleFor(f => f.Title).NotEmpty().WithMessage("Enter the title of the event.").MaximumLength(200);
        RuleFor(f => f.Type).IsInEnum().WithMessage("Choose the type of event.")
            .NotEqual(AgendaEventType.Automatic).WithMessage("Automatic events are written by the application, not by hand.");
        RuleFor(f => f.Progress).IsInEnum().WithMessage("Choose the progress.");
        RuleFor(f => f.Start).NotNull().When(f => !f.AllDay).WithMessage("Enter when the event starts.");
        RuleFor(f => f.End).GreaterThan(f => f.Start).When(f => !f.AllDay && f.Start is not null && f.End is not null)
            .WithMessage("The end must be after the start.");
        RuleFor(f => f.StartDate).NotNull().When(f => f.AllDay).WithMessage("Enter the first day of the event.");
        RuleFor(f => f.EndDate).GreaterThanOrEqualTo(f => f.StartDate).When(f => f.AllDay && f.StartDate is not null && f.EndDate is not null)
            .WithMessage("The last day cannot be before the first day.");
        RuleFor(f => f.Location).MaximumLength(200);
        RuleFor(f => f.ContactId).Null().When(f => f.ThirdPartyId is null).WithMessage("Choose the third party of the contact too.");
        RuleFor(f => f.LinkedRecord).Must(r => RecordRef.TryParse(r, out _)).When(f => !string.IsNullOrWhiteSpace(f.LinkedRecord))
            .WithMessage("The linked record is not a record reference (type:id).");
    }
}
