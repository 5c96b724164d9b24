//! Salesforce DX metadata (the XML `sf project retrieve` writes) → the same [`Document`]
//! as a YAML description, so the same schemas and rules apply.
//!
//! An app is a header file (`externalClientApps/<Name>.eca-meta.xml`) and satellites
//! linked to it by their `externalClientApplication` element, not by file name. The
//! app's files share one offset space ([`Sources`]), so a span names its file.
//!
//! [`Sources`]: crate::document::sources::Sources
//!
//! [`Document`]: crate::document::Document

mod group;
mod kinds;
mod map;
mod read;
mod values;
mod xml;

pub use group::{DUPLICATE_METADATA, Lone, MetaApp, ORPHAN_METADATA, group};
pub use kinds::{Classified, Kind, WRONG_METADATA_SUFFIX, classify, is_metadata, is_type_folder};
pub use map::{Built, Defaulted, GLOBAL_SETTINGS_MISSING, from_global};
pub use read::{MetadataSet, read, read_with};
pub use values::WRONG_SCOPE_TOKEN;
pub(crate) use xml::Element;
pub use xml::{MetaFile, WRONG_ROOT_ELEMENT, XML_SYNTAX, parse_file, root_element_span};

/// The Metadata API namespace every ECA file uses.
pub const NAMESPACE: &str = "http://soap.sforce.com/2006/04/metadata";
