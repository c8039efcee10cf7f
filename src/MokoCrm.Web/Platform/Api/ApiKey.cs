using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// A key a user made on their profile page to call the API as themselves. Only its SHA-256 is stored (keys are 32
/// random bytes, so a fast hash is enough); the key itself is shown once, when it is made.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; private set; }

    public long UserId { get; private set; }

    public string Label { get; private set; } = "";

    /// <summary>The first characters of the key, to tell keys apart on the profile page.</summary>
    public string Prefix { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    internal static (ApiKey Key, string Secret) Create(long userId, string label, DateTimeOffset now)
    {
        var secret = "moko_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new ApiKey { UserId = userId, Label = label.Trim(), Prefix = secret[..10], Hash = HashOf(secret), CreatedAt = now }, secret);
    }

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainException($"The key {Label} is already revoked.");
        }

        RevokedAt = now;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Label).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(20);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(k => k.IsActive);
    }
}

/// <summary>
/// A creating POST already answered for an Idempotency-Key: the same request again gets the same answer, and never
/// creates twice. Written in the transaction of the creation itself.
/// </summary>
public sealed class ApiIdempotencyRecord
{
    public long UserId { get; set; }

    public string Key { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public int StatusCode { get; set; }

    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ApiIdempotencyRecordConfiguration : IEntityTypeConfiguration<ApiIdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<ApiIdempotencyRecord> builder)
    {
        builder.ToTable("api_idempotency");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.HasIndex(r => r.CreatedAt);
    }
}

public sealed record ApiKeyRow(long Id, string Label, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Making, listing and revoking a user's own API keys (the profile page).</summary>
public sealed class ApiKeys(AppDbContext db, TimeProvider clock)
{
    public const int MaxActiveKeysPerUser = 20;

    public async Task<IReadOnlyList<ApiKeyRow>> ForUserAsync(long userId, CancellationToken cancellationToken = default) =>
        await db.Set<ApiKey>().AsNoTracking().Where(k => k.UserId == userId).OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyRow(k.Id, k.Label, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToListAsync(cancellationToken);

    /// <summary>Returns the key itself: the only time anyone sees it.</summary>
    public async Task<string> CreateAsync(long userId, string? label, CancellationToken cancellationToken = default)
    {
        label = label?.Trim();
        if (string.IsNullOrEmpty(label))
        {
            throw new DomainException("Name the key after what will use it, e.g. \"Web shop\".");
        }

        if (label.Length > 100)
        {
            throw new DomainException("The name of a key has at most 100 characters.");
        }

        if (await db.Set<ApiKey>().CountAsync(k => k.UserId == userId && k.RevokedAt == null, cancellationToken) >= MaxActiveKeysPerUser)
        {
            throw new DomainException($"You already have {MaxActiveKeysPerUser} keys: revoke one you no longer use first.");
        }

        var (key, secret) = ApiKey.Create(userId, label, clock.GetUtcNow());
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    public async Task RevokeAsync(long userId, long keyId, CancellationToken cancellationToken = default)
    {
        var key = await db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("The key");
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}
