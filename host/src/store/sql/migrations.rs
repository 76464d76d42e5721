//! Argo's archive-database migration steps 0..=68 (`persist/sqldb/migrate.go` at v4.1.2, as
//! listed in Argo's `docs/database-migrations.md`), per database. Positional: a step that does
//! nothing on one database still consumes its number.
//!
//! `{T}` is the offload table name, `{C}` the quoted cluster name literal. Step 34 is Argo's
//! programmatic `backfillNodes` (see `schema.rs`).

/// `(postgres, mysql)` statement of each step; `None` = no-op on that database.
pub(crate) const STEPS: [(Option<&str>, Option<&str>); 69] = [
    // 0
    (
        Some(
            r#"create table if not exists {T} (
    id varchar(128) ,
    name varchar(256),
    phase varchar(25),
    namespace varchar(256),
    workflow text,
    startedat timestamp default CURRENT_TIMESTAMP,
    finishedat timestamp default CURRENT_TIMESTAMP,
    creationtimestamp timestamp default CURRENT_TIMESTAMP,
    primary key (id, namespace)
)"#,
        ),
        Some(
            r#"create table if not exists {T} (
    id varchar(128) ,
    name varchar(256),
    phase varchar(25),
    namespace varchar(256),
    workflow text,
    startedat timestamp default CURRENT_TIMESTAMP,
    finishedat timestamp default CURRENT_TIMESTAMP,
    creationtimestamp timestamp default CURRENT_TIMESTAMP,
    primary key (id, namespace)
)"#,
        ),
    ),
    // 1
    (
        Some(r#"create unique index idx_name on {T} (name)"#),
        Some(r#"create unique index idx_name on {T} (name)"#),
    ),
    // 2
    (
        Some(
            r#"create table if not exists argo_workflow_history (
    id varchar(128) ,
    name varchar(256),
    phase varchar(25),
    namespace varchar(256),
    workflow text,
    startedat timestamp default CURRENT_TIMESTAMP,
    finishedat timestamp default CURRENT_TIMESTAMP,
    primary key (id, namespace)
)"#,
        ),
        Some(
            r#"create table if not exists argo_workflow_history (
    id varchar(128) ,
    name varchar(256),
    phase varchar(25),
    namespace varchar(256),
    workflow text,
    startedat timestamp default CURRENT_TIMESTAMP,
    finishedat timestamp default CURRENT_TIMESTAMP,
    primary key (id, namespace)
)"#,
        ),
    ),
    // 3
    (
        Some(r#"alter table argo_workflow_history rename to argo_archived_workflows"#),
        Some(r#"alter table argo_workflow_history rename to argo_archived_workflows"#),
    ),
    // 4
    (
        Some(r#"drop index idx_name"#),
        Some(r#"drop index idx_name on {T}"#),
    ),
    // 5
    (
        Some(r#"create unique index idx_name on {T}(name, namespace)"#),
        Some(r#"create unique index idx_name on {T}(name, namespace)"#),
    ),
    // 6
    (
        Some(r#"alter table {T} drop constraint {T}_pkey"#),
        Some(r#"alter table {T} drop primary key"#),
    ),
    // 7
    (
        Some(r#"alter table {T} add primary key(name,namespace)"#),
        Some(r#"alter table {T} add primary key(name,namespace)"#),
    ),
    // 8
    (
        Some(r#"alter table argo_archived_workflows drop constraint argo_workflow_history_pkey"#),
        Some(r#"alter table argo_archived_workflows drop primary key"#),
    ),
    // 9
    (
        Some(r#"alter table argo_archived_workflows add primary key(id)"#),
        Some(r#"alter table argo_archived_workflows add primary key(id)"#),
    ),
    // 10
    (
        Some(r#"alter table argo_archived_workflows rename column id to uid"#),
        Some(r#"alter table argo_archived_workflows change column id uid varchar(128)"#),
    ),
    // 11
    (
        Some(r#"alter table argo_archived_workflows alter column uid set not null"#),
        Some(r#"alter table argo_archived_workflows modify column uid varchar(128) not null"#),
    ),
    // 12
    (
        Some(r#"alter table argo_archived_workflows alter column phase set not null"#),
        Some(r#"alter table argo_archived_workflows modify column phase varchar(25) not null"#),
    ),
    // 13
    (
        Some(r#"alter table argo_archived_workflows alter column namespace set not null"#),
        Some(
            r#"alter table argo_archived_workflows modify column namespace varchar(256) not null"#,
        ),
    ),
    // 14
    (
        Some(r#"alter table argo_archived_workflows alter column workflow set not null"#),
        Some(r#"alter table argo_archived_workflows modify column workflow text not null"#),
    ),
    // 15
    (
        Some(r#"alter table argo_archived_workflows alter column startedat set not null"#),
        Some(
            r#"alter table argo_archived_workflows modify column startedat timestamp not null default CURRENT_TIMESTAMP"#,
        ),
    ),
    // 16
    (
        Some(r#"alter table argo_archived_workflows alter column finishedat set not null"#),
        Some(
            r#"alter table argo_archived_workflows modify column finishedat timestamp not null default CURRENT_TIMESTAMP"#,
        ),
    ),
    // 17
    (
        Some(r#"alter table argo_archived_workflows add clustername varchar(64)"#),
        Some(r#"alter table argo_archived_workflows add clustername varchar(64)"#),
    ),
    // 18
    (
        Some(r#"update argo_archived_workflows set clustername = {C} where clustername is null"#),
        Some(r#"update argo_archived_workflows set clustername = {C} where clustername is null"#),
    ),
    // 19
    (
        Some(r#"alter table argo_archived_workflows alter column clustername set not null"#),
        Some(
            r#"alter table argo_archived_workflows modify column clustername varchar(64) not null"#,
        ),
    ),
    // 20
    (
        Some(r#"alter table argo_archived_workflows drop constraint argo_archived_workflows_pkey"#),
        Some(r#"alter table argo_archived_workflows drop primary key"#),
    ),
    // 21
    (
        Some(r#"alter table argo_archived_workflows add primary key(clustername,uid)"#),
        Some(r#"alter table argo_archived_workflows add primary key(clustername,uid)"#),
    ),
    // 22
    (
        Some(
            r#"create index argo_archived_workflows_i1 on argo_archived_workflows (clustername,namespace)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i1 on argo_archived_workflows (clustername,namespace)"#,
        ),
    ),
    // 23
    (
        Some(r#"alter table {T} drop column phase"#),
        Some(r#"alter table {T} drop column phase"#),
    ),
    // 24
    (
        Some(r#"alter table {T} drop column startedat"#),
        Some(r#"alter table {T} drop column startedat"#),
    ),
    // 25
    (
        Some(r#"alter table {T} drop column finishedat"#),
        Some(r#"alter table {T} drop column finishedat"#),
    ),
    // 26
    (
        Some(r#"alter table {T} rename column id to uid"#),
        Some(r#"alter table {T} change column id uid varchar(128)"#),
    ),
    // 27
    (
        Some(r#"alter table {T} alter column uid set not null"#),
        Some(r#"alter table {T} modify column uid varchar(128) not null"#),
    ),
    // 28
    (
        Some(r#"alter table {T} alter column namespace set not null"#),
        Some(r#"alter table {T} modify column namespace varchar(256) not null"#),
    ),
    // 29
    (
        Some(r#"alter table {T} add column clustername varchar(64)"#),
        Some(r#"alter table {T} add column clustername varchar(64)"#),
    ),
    // 30
    (
        Some(r#"update {T} set clustername = {C} where clustername is null"#),
        Some(r#"update {T} set clustername = {C} where clustername is null"#),
    ),
    // 31
    (
        Some(r#"alter table {T} alter column clustername set not null"#),
        Some(r#"alter table {T} modify column clustername varchar(64) not null"#),
    ),
    // 32
    (
        Some(r#"alter table {T} add column version varchar(64)"#),
        Some(r#"alter table {T} add column version varchar(64)"#),
    ),
    // 33
    (
        Some(r#"alter table {T} add column nodes text"#),
        Some(r#"alter table {T} add column nodes text"#),
    ),
    // 34
    (None, None),
    // 35
    (
        Some(r#"alter table {T} alter column nodes set not null"#),
        Some(r#"alter table {T} modify column nodes text not null"#),
    ),
    // 36
    (
        Some(r#"alter table {T} drop column workflow"#),
        Some(r#"alter table {T} drop column workflow"#),
    ),
    // 37
    (
        Some(
            r#"alter table {T} add column updatedat timestamp not null default current_timestamp"#,
        ),
        Some(
            r#"alter table {T} add column updatedat timestamp not null default current_timestamp"#,
        ),
    ),
    // 38
    (
        Some(r#"alter table {T} drop constraint {T}_pkey"#),
        Some(r#"alter table {T} drop primary key"#),
    ),
    // 39
    (
        Some(r#"drop index idx_name"#),
        Some(r#"drop index idx_name on {T}"#),
    ),
    // 40
    (
        Some(r#"alter table {T} drop column name"#),
        Some(r#"alter table {T} drop column name"#),
    ),
    // 41
    (
        Some(r#"alter table {T} add primary key(clustername,uid,version)"#),
        Some(r#"alter table {T} add primary key(clustername,uid,version)"#),
    ),
    // 42
    (
        Some(r#"create index {T}_i1 on {T} (clustername,namespace)"#),
        Some(r#"create index {T}_i1 on {T} (clustername,namespace)"#),
    ),
    // 43
    (
        Some(
            r#"alter table argo_archived_workflows alter column workflow type json using workflow::json"#,
        ),
        Some(r#"alter table argo_archived_workflows modify column workflow json not null"#),
    ),
    // 44
    (
        Some(r#"alter table argo_archived_workflows alter column name set not null"#),
        Some(r#"alter table argo_archived_workflows modify column name varchar(256) not null"#),
    ),
    // 45
    (
        Some(r#"create index {T}_i2 on {T} (clustername,namespace,updatedat)"#),
        Some(r#"create index {T}_i2 on {T} (clustername,namespace,updatedat)"#),
    ),
    // 46
    (
        Some(
            r#"create table if not exists argo_archived_workflows_labels (
	clustername varchar(64) not null,
	uid varchar(128) not null,
    name varchar(317) not null,
    value varchar(63) not null,
    primary key (clustername, uid, name),
 	foreign key (clustername, uid) references argo_archived_workflows(clustername, uid) on delete cascade
)"#,
        ),
        Some(
            r#"create table if not exists argo_archived_workflows_labels (
	clustername varchar(64) not null,
	uid varchar(128) not null,
    name varchar(317) not null,
    value varchar(63) not null,
    primary key (clustername, uid, name),
 	foreign key (clustername, uid) references argo_archived_workflows(clustername, uid) on delete cascade
)"#,
        ),
    ),
    // 47
    (
        Some(r#"alter table {T} alter column nodes type json using nodes::json"#),
        Some(r#"alter table {T} modify column nodes json not null"#),
    ),
    // 48
    (
        Some(r#"alter table argo_archived_workflows add column instanceid varchar(64)"#),
        Some(r#"alter table argo_archived_workflows add column instanceid varchar(64)"#),
    ),
    // 49
    (
        Some(r#"update argo_archived_workflows set instanceid = '' where instanceid is null"#),
        Some(r#"update argo_archived_workflows set instanceid = '' where instanceid is null"#),
    ),
    // 50
    (
        Some(r#"alter table argo_archived_workflows alter column instanceid set not null"#),
        Some(
            r#"alter table argo_archived_workflows modify column instanceid varchar(64) not null"#,
        ),
    ),
    // 51
    (
        Some(r#"drop index argo_archived_workflows_i1"#),
        Some(r#"drop index argo_archived_workflows_i1 on argo_archived_workflows"#),
    ),
    // 52
    (
        Some(
            r#"create index argo_archived_workflows_i1 on argo_archived_workflows (clustername,instanceid,namespace)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i1 on argo_archived_workflows (clustername,instanceid,namespace)"#,
        ),
    ),
    // 53
    (
        Some(r#"drop index {T}_i1"#),
        Some(r#"drop index {T}_i1 on {T}"#),
    ),
    // 54
    (
        Some(r#"drop index {T}_i2"#),
        Some(r#"drop index {T}_i2 on {T}"#),
    ),
    // 55
    (
        Some(r#"create index {T}_i1 on {T} (clustername,namespace,updatedat)"#),
        Some(r#"create index {T}_i1 on {T} (clustername,namespace,updatedat)"#),
    ),
    // 56
    (
        Some(
            r#"create index argo_archived_workflows_i2 on argo_archived_workflows (clustername,instanceid,finishedat)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i2 on argo_archived_workflows (clustername,instanceid,finishedat)"#,
        ),
    ),
    // 57
    (
        Some(
            r#"create index argo_archived_workflows_i3 on argo_archived_workflows (clustername,instanceid,name)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i3 on argo_archived_workflows (clustername,instanceid,name)"#,
        ),
    ),
    // 58
    (
        Some(r#"create index argo_archived_workflows_i4 on argo_archived_workflows (startedat)"#),
        Some(r#"create index argo_archived_workflows_i4 on argo_archived_workflows (startedat)"#),
    ),
    // 59
    (
        Some(
            r#"create index argo_archived_workflows_labels_i1 on argo_archived_workflows_labels (name,value)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_labels_i1 on argo_archived_workflows_labels (name,value)"#,
        ),
    ),
    // 60
    (
        Some(
            r#"alter table argo_archived_workflows alter column workflow set data type jsonb using workflow::jsonb"#,
        ),
        None,
    ),
    // 61
    (
        Some(r#"drop index argo_archived_workflows_i4"#),
        Some(r#"drop index argo_archived_workflows_i4 on argo_archived_workflows"#),
    ),
    // 62
    (
        Some(
            r#"create index argo_archived_workflows_i4 on argo_archived_workflows (clustername, startedat)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i4 on argo_archived_workflows (clustername, startedat)"#,
        ),
    ),
    // 63
    (
        Some(r#"alter table argo_archived_workflows add column creationtimestamp timestamp null"#),
        Some(r#"alter table argo_archived_workflows add column creationtimestamp timestamp null"#),
    ),
    // 64
    (
        Some(
            r#"update argo_archived_workflows set creationtimestamp = startedat where creationtimestamp is null"#,
        ),
        Some(
            r#"update argo_archived_workflows set creationtimestamp = startedat where creationtimestamp is null"#,
        ),
    ),
    // 65
    (
        Some(
            r#"alter table argo_archived_workflows alter column creationtimestamp set default CURRENT_TIMESTAMP"#,
        ),
        Some(
            r#"alter table argo_archived_workflows modify column creationtimestamp timestamp not null default CURRENT_TIMESTAMP"#,
        ),
    ),
    // 66
    (
        Some(
            r#"create index argo_archived_workflows_i5 on argo_archived_workflows (creationtimestamp)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i5 on argo_archived_workflows (creationtimestamp)"#,
        ),
    ),
    // 67
    (
        Some(r#"drop index argo_archived_workflows_i1"#),
        Some(r#"drop index argo_archived_workflows_i1 on argo_archived_workflows"#),
    ),
    // 68
    (
        Some(
            r#"create index argo_archived_workflows_i1 on argo_archived_workflows (clustername, instanceid, namespace, startedat DESC)"#,
        ),
        Some(
            r#"create index argo_archived_workflows_i1 on argo_archived_workflows (clustername, instanceid, namespace, startedat DESC)"#,
        ),
    ),
];
