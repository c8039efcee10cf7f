using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Modules.Agenda.Data;

/// <summary>
/// Third parties and contacts are referred to by id only (no foreign key into another module's schema, as
/// <see cref="Platform.Links.RecordRef"/> does); users are platform tables.
/// </summary>
internal sealed class AgendaEventConfiguration : IEntityTypeConfiguration<AgendaEvent>
{
    public void Configure(EntityTypeBuilder<AgendaEvent> builder)
    {
        builder.ToTable("events");
        builder.Ignore(e => e.LinkedRecord);
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Progress).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.Property(e => e.Location).HasMaxLength(200);
        builder.Property(e => e.LinkedRecordType).HasMaxLength(Platform.Links.RecordTypes.MaxLength);
        builder.HasIndex(e => new { e.StartsAt, e.Id });
        builder.HasIndex(e => new { e.StartDate, e.EndDate });
        builder.HasIndex(e => new { e.ThirdPartyId, e.StartsAt });
        builder.HasIndex(e => e.OwnerId);
        builder.HasIndex(e => new { e.LinkedRecordType, e.LinkedRecordId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgendaEventAttendeeConfiguration : IEntityTypeConfiguration<AgendaEventAttendee>
{
    public void Configure(EntityTypeBuilder<AgendaEventAttendee> builder)
    {
        builder.ToTable("event_attendees");
        builder.HasIndex(a => new { a.EventId, a.UserId }).IsUnique();
        builder.HasIndex(a => a.UserId);
        builder.HasOne<AgendaEvent>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutomaticEventSettingConfiguration : IEntityTypeConfiguration<AutomaticEventSetting>
{
    public void Configure(EntityTypeBuilder<AutomaticEventSetting> builder)
    {
        builder.ToTable("automatic_event_settings");
        builder.Property(s => s.Kind).HasMaxLength(100);
        builder.HasIndex(s => s.Kind).IsUnique();
    }
}
