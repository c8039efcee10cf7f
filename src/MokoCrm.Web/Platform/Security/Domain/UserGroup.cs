namespace MokoCrm.Web.Platform.Security.Domain;

/// <summary>A set of users sharing rights (e.g. "Sales team", "Accountants").</summary>
public sealed class UserGroup
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<UserGroupMember> Members { get; set; } = [];

    public List<GroupPermission> Permissions { get; set; } = [];
}

public sealed class UserGroupMember
{
    public long GroupId { get; set; }

    public long UserId { get; set; }
}

/// <summary>A right granted to a group; the key is a permission from the catalogue ("crm.thirdparties.read").</summary>
public sealed class GroupPermission
{
    public long GroupId { get; set; }

    public string Permission { get; set; } = "";
}

/// <summary>A right granted to one user directly.</summary>
public sealed class UserPermission
{
    public long UserId { get; set; }

    public string Permission { get; set; } = "";
}
