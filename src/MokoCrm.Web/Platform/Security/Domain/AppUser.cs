using Microsoft.AspNetCore.Identity;

namespace MokoCrm.Web.Platform.Security.Domain;

/// <summary>A person who signs in. Rights come from the user's own grants and the groups' (union); admins have all.</summary>
public sealed class AppUser : IdentityUser<long>
{
    public string FullName { get; set; } = "";

    /// <summary>Has every right, including user administration.</summary>
    public bool IsAdmin { get; set; }

    /// <summary>A disabled user cannot sign in and loses any open session at the next security check.</summary>
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? LastLoginAt { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(FullName) ? UserName ?? "" : FullName;
}
